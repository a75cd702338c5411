import Modeler from 'bpmn-js/lib/Modeler';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import './style.css';

const EMPTY = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" id="definitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="new-process" isExecutable="true"><bpmn:startEvent id="start" name="申请" /></bpmn:process>
  <bpmndi:BPMNDiagram id="diagram"><bpmndi:BPMNPlane id="plane" bpmnElement="new-process">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="180" y="160" width="36" height="36" /></bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

interface Readiness { status: string; engine: { ok: boolean; version?: string }; store: { ok: boolean } }

async function showStatus(el: HTMLElement) {
  try {
    const res = await fetch('/ready');
    const ready = (await res.json()) as Readiness;
    el.textContent = `引擎 Engine ${ready.engine.ok ? `✓ ${ready.engine.version ?? ''}` : '✗'} · 存储 Store ${ready.store.ok ? '✓' : '✗'}`;
    el.dataset.state = ready.status;
  } catch {
    el.textContent = '平台不可达 Platform unreachable';
    el.dataset.state = 'not-ready';
  }
}

async function main() {
  const modeler = new Modeler({ container: '#canvas', keyboard: { bindTo: document } });
  await modeler.importXML(EMPTY);
  await showStatus(document.getElementById('status')!);
}

void main();

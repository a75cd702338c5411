import { Type } from '@sinclair/typebox';
import { AppointmentNotice } from '../domain/appointment/appointment.service.js';
import { defineWorker } from './worker.js';

const kinds = Object.values(AppointmentNotice) as string[];

/** Tells the booker the window's answer (confirmed or moved), or reminds them before the slot; the notice header says which. */
export const notifyAppointment = defineWorker({
  type: 'notify-appointment',
  variables: Type.Object({ appointmentNumber: Type.String({ minLength: 1, maxLength: 64 }) }),
  async handle({ appointmentNumber }, { services, job, header, log }) {
    const kind = header('notice');
    if (!kinds.includes(kind)) throw new Error(`header notice=${kind} is not one of ${kinds.join(', ')}`);
    const { sent } = await services.appointments.sendNotice(job.key, appointmentNumber, kind as AppointmentNotice, await services.now());
    log.info({ appointmentNumber, kind, sent }, sent ? 'appointment notice sent' : 'appointment no longer waits: no notice');
    return {};
  },
});

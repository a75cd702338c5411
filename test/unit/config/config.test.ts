import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../config/index.js';

describe('config: settings read from the environment once', () => {
  it('fills defaults for a bare environment: the embedded engine and the local store', () => {
    const config = loadConfig({});
    expect(config.http.port).to.equal(3000);
    expect(config.store.local).to.equal(true);
    expect(config.store.uri).to.equal('mongodb://127.0.0.1:27017/gov_services');
    expect(config.engine.kind).to.equal('embedded');
    expect(config.engine.camunda8).to.equal(null);
    expect(config.engine.clockControlled).to.equal(false);
  });

  it('uses a real MongoDB and a Camunda 8 cluster when their addresses are given', () => {
    const config = loadConfig({ MONGODB_URI: 'mongodb://db:27017/gov', ZEEBE_GRPC_ADDRESS: 'zeebe:26500', ZEEBE_REST_ADDRESS: 'http://zeebe:8080' });
    expect(config.store.local).to.equal(false);
    expect(config.store.uri).to.equal('mongodb://db:27017/gov');
    expect(config.engine.kind).to.equal('camunda8');
    expect(config.engine.camunda8).to.include({ grpcAddress: 'zeebe:26500', restAddress: 'http://zeebe:8080' });
  });

  it('refuses half a Camunda 8 address', () => {
    expect(() => loadConfig({ ZEEBE_GRPC_ADDRESS: 'zeebe:26500' })).to.throw(ConfigError, /needs both ZEEBE_GRPC_ADDRESS and ZEEBE_REST_ADDRESS/);
  });

  it('refuses bad values, naming each variable and what it accepts', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', MONGODB_URI: 'postgres://x', ENGINE_CLOCK_CONTROLLED: 'yes' });
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message).to.include('PORT="eighty" is not accepted: expected a whole number from 0 to 65535');
    expect(message).to.include('LOG_LEVEL="loud" is not accepted: expected one of fatal, error, warn, info, debug, trace, silent');
    expect(message).to.include('MONGODB_URI="postgres://x"');
    expect(message).to.include('ENGINE_CLOCK_CONTROLLED="yes" is not accepted: expected one of true, false');
  });

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ LOCAL_STORE_PORT: '70000' })).to.throw(ConfigError, /LOCAL_STORE_PORT="70000"/);
  });
});

describe('config: office hours for the deadline clock', () => {
  it('reads office periods and refuses a malformed one with an example', () => {
    expect(loadConfig({ OFFICE_HOURS: '08:30-12:00,14:00-18:00' }).office.hours).to.deep.equal([{ start: '08:30', end: '12:00' }, { start: '14:00', end: '18:00' }]);
    expect(() => loadConfig({ OFFICE_HOURS: '9-12' })).to.throw(ConfigError, /OFFICE_HOURS="9-12" is not accepted: expected office periods HH:MM-HH:MM/);
  });

  it('reads the appointment slots: 30 minutes and 2 seats by default, a window’s own capacity where given', () => {
    expect(loadConfig({}).appointments).to.deep.include({ slotMinutes: 30, capacity: 2, daysAhead: 14, reminderHours: 24, capacityByUnit: {} });
    const set = loadConfig({ APPOINTMENT_SLOT_MINUTES: '20', APPOINTMENT_SLOT_CAPACITY: '3', APPOINTMENT_UNIT_CAPACITY: 'COM-BINHU:5,COM-DUSHAN:1' }).appointments;
    expect(set).to.deep.include({ slotMinutes: 20, capacity: 3, capacityByUnit: { 'COM-BINHU': 5, 'COM-DUSHAN': 1 } });
    expect(() => loadConfig({ APPOINTMENT_UNIT_CAPACITY: 'COM-BINHU=5' })).to.throw(ConfigError, /APPOINTMENT_UNIT_CAPACITY="COM-BINHU=5" is not accepted: expected per-window capacity/);
    expect(() => loadConfig({ APPOINTMENT_SLOT_CAPACITY: '0' })).to.throw(ConfigError, /APPOINTMENT_SLOT_CAPACITY/);
  });
});

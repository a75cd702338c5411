import type { UpdateQuery } from 'mongoose';
import { isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import { AppointmentModel, AppointmentSeatModel, type Appointment } from './appointment.model.js';

export type AppointmentRecord = Appointment;
type NewAppointment = Omit<AppointmentRecord, 'processInstanceKey' | 'handledBy' | 'handledAt' | 'moves' | 'cancelledAt' | 'cancelReason' | 'checkedInAt' | 'checkedInBy' | 'noShowAt' | 'noShowBy' | 'applicationNumber'>;

const seatId = (communityCode: string, slotStart: Date, seat: number) => `${communityCode}|${slotStart.toISOString()}|${seat}`;

export function createAppointmentRepository() {
  return {
    async insert(a: NewAppointment): Promise<AppointmentRecord> {
      return (await AppointmentModel.create(a)).toObject() as unknown as AppointmentRecord;
    },
    async get(appointmentNumber: string): Promise<AppointmentRecord | null> {
      return AppointmentModel.findOne({ appointmentNumber }, { _id: 0 }).lean<AppointmentRecord>();
    },
    async byProcessInstance(processInstanceKey: string): Promise<AppointmentRecord | null> {
      return AppointmentModel.findOne({ processInstanceKey }, { _id: 0 }).lean<AppointmentRecord>();
    },
    /** Newest slot first. */
    /** The bookings made in [from, to), for the quantified assessment (seed 001 §13). */
    async bookedBetween(from: Date, to: Date): Promise<Pick<AppointmentRecord, 'appointmentNumber' | 'communityCode' | 'status' | 'handledAt'>[]> {
      const fields = { _id: 0, appointmentNumber: 1, communityCode: 1, status: 1, handledAt: 1 };
      return AppointmentModel.find({ bookedAt: op({ $gte: from, $lt: to }) }, fields).sort({ appointmentNumber: 1 }).lean();
    },
    async list(filter: { bookedBy?: string; communityCode?: string; from?: Date; to?: Date; status?: readonly string[] }, limit = 200): Promise<AppointmentRecord[]> {
      const q: Record<string, unknown> = {};
      if (filter.bookedBy) q.bookedBy = filter.bookedBy;
      if (filter.communityCode) q.communityCode = filter.communityCode;
      if (filter.from || filter.to) q.slotStart = op({ ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) });
      if (filter.status?.length) q.status = op({ $in: [...filter.status] });
      return AppointmentModel.find(q, { _id: 0 }).sort({ slotStart: -1 }).limit(limit).lean<AppointmentRecord[]>();
    },
    /** Applies an update only where the guard still holds; the booking after it, or null. */
    async update(appointmentNumber: string, update: UpdateQuery<Appointment>, guard: Record<string, unknown> = {}): Promise<AppointmentRecord | null> {
      return AppointmentModel.findOneAndUpdate({ appointmentNumber, ...guard }, update, { new: true, projection: { _id: 0 } }).lean<AppointmentRecord>();
    },

    /**
     * Takes the first free seat of a slot for a booking: each seat is a document with a unique key, so bookings
     * arriving at the same moment cannot both take it. The seat number, or null when all `capacity` seats are held.
     */
    async takeSeat(communityCode: string, slotStart: Date, capacity: number, appointmentNumber: string): Promise<number | null> {
      for (let seat = 1; seat <= capacity; seat++) {
        try {
          await AppointmentSeatModel.create({ _id: seatId(communityCode, slotStart, seat), communityCode, slotStart, seat, appointmentNumber });
          return seat;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
      return null;
    },
    /** The seat a booking holds in a slot is free again. */
    async releaseSeat(communityCode: string, slotStart: Date, appointmentNumber: string): Promise<void> {
      await AppointmentSeatModel.deleteMany({ communityCode, slotStart, appointmentNumber });
    },
    /** Seats held per slot start (ISO) of a window between two instants. */
    async seatsHeld(communityCode: string, from: Date, to: Date): Promise<Map<string, number>> {
      const seats = await AppointmentSeatModel.find({ communityCode, slotStart: op({ $gte: from, $lt: to }) }, { _id: 0, slotStart: 1 }).lean();
      const held = new Map<string, number>();
      for (const s of seats) held.set(s.slotStart.toISOString(), (held.get(s.slotStart.toISOString()) ?? 0) + 1);
      return held;
    },
  };
}
export type AppointmentRepository = ReturnType<typeof createAppointmentRepository>;

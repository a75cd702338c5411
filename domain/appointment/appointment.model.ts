import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Where a booking stands: booked (waiting for the window, 1 working hour, seed 001 §4(3)), confirmed or moved by
 * the window, cancelled by the booker, checked in at the window (then filed), or not come (no-show).
 */
export const AppointmentStatus = {
  Booked: 'booked', Confirmed: 'confirmed', Moved: 'moved', Cancelled: 'cancelled', CheckedIn: 'checked-in', NoShow: 'no-show',
} as const;
export type AppointmentStatus = (typeof AppointmentStatus)[keyof typeof AppointmentStatus];
/** Bookings that still hold their seat in the slot. */
export const ACTIVE_STATUSES: readonly AppointmentStatus[] = [AppointmentStatus.Booked, AppointmentStatus.Confirmed, AppointmentStatus.Moved];

/** 在线预约 (seed 001 §4(3), 004 §17): a booked slot at a community window for one item. */
const appointmentSchema = new Schema(
  {
    appointmentNumber: { type: String, required: true, unique: true },
    itemCode: { type: String, required: true },
    itemName: { type: String, required: true },
    communityCode: { type: String, required: true, index: true },
    communityName: { type: String, required: true },
    slotStart: { type: Date, required: true, index: true },
    slotEnd: { type: Date, required: true },
    applicant: {
      type: { type: String, required: true, enum: ['individual', 'enterprise', 'organisation'] },
      name: { type: String, required: true },
      idNumber: { type: String, required: true },
      phone: { type: String, required: true },
    },
    /** the account that booked: the applicant themself or a proxy agent (代办员) for them */
    bookedBy: { type: String, required: true, index: true },
    bookedByRole: { type: String, required: true },
    bookedAt: { type: Date, required: true },
    status: { type: String, required: true, enum: Object.values(AppointmentStatus) },
    processInstanceKey: { type: String, default: null, index: true },
    handledBy: { type: String, default: null },
    handledAt: { type: Date, default: null },
    moves: { type: [{ _id: false, fromStart: Date, toStart: Date, reason: String, by: String, at: Date }], default: [] },
    cancelledAt: { type: Date, default: null },
    cancelReason: { type: String, default: null },
    checkedInAt: { type: Date, default: null },
    checkedInBy: { type: String, default: null },
    noShowAt: { type: Date, default: null },
    noShowBy: { type: String, default: null },
    /** the application filed at the window after check-in */
    applicationNumber: { type: String, default: null },
  },
  { versionKey: false, collection: 'appointments' },
);
export type Appointment = InferSchemaType<typeof appointmentSchema>;
export const AppointmentModel = mongoose.model('Appointment', appointmentSchema);

/**
 * One seat of a slot, held by one booking. The `_id` names the window, the slot and the seat number, so two
 * bookings can never hold the same seat: the store's unique key is the guard against booking beyond capacity.
 */
const appointmentSeatSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityCode: { type: String, required: true },
    slotStart: { type: Date, required: true },
    seat: { type: Number, required: true },
    appointmentNumber: { type: String, required: true, index: true },
  },
  { versionKey: false, collection: 'appointment_seats' },
);
appointmentSeatSchema.index({ communityCode: 1, slotStart: 1 });
export type AppointmentSeat = InferSchemaType<typeof appointmentSeatSchema>;
export const AppointmentSeatModel = mongoose.model('AppointmentSeat', appointmentSeatSchema);

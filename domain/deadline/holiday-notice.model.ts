import mongoose, { Schema } from 'mongoose';

/**
 * The State Council's yearly holiday notice (国务院办公厅关于…部分节假日安排的通知) as the service office
 * recorded it: each change is a new version of the year, never an overwrite; the highest version counts.
 */
const holidayNoticeSchema = new Schema(
  {
    year: { type: Number, required: true },
    version: { type: Number, required: true },
    /** the notice's title, e.g. 国务院办公厅关于2028年部分节假日安排的通知 */
    title: { type: String, required: true },
    /** its document number, e.g. 国办发明电〔2027〕7号 */
    number: { type: String, required: true },
    /** days off (放假), each with its holiday's name */
    daysOff: [{ _id: false, date: { type: String, required: true }, name: { type: String, required: true } }],
    /** make-up working days (调休上班), each with the holiday it makes up for */
    makeUpDays: [{ _id: false, date: { type: String, required: true }, name: { type: String, required: true } }],
    /** withdrawn: the year goes back to the built-in data */
    withdrawn: { type: Boolean, default: false },
    recordedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'holiday_notices' },
);
holidayNoticeSchema.index({ year: 1, version: 1 }, { unique: true });
export const HolidayNoticeModel = mongoose.model('HolidayNotice', holidayNoticeSchema);

import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** 在线咨询 (seed 001 §4(2)): asked by an applicant or a proxy agent, answered by the item's department. */
export const ConsultationState = { Asked: 'asked', Answered: 'answered' } as const;
export type ConsultationState = (typeof ConsultationState)[keyof typeof ConsultationState];

const consultationSchema = new Schema(
  {
    /** `ZX` + year + sequence */
    consultationNumber: { type: String, required: true, unique: true },
    itemCode: { type: String, required: true, index: true },
    itemName: { type: String, required: true },
    /** the department the question goes to: the item's */
    departmentCode: { type: String, required: true, index: true },
    question: { type: String, required: true },
    asker: { username: { type: String, required: true, index: true }, role: { type: String, required: true } },
    state: { type: String, required: true, enum: Object.values(ConsultationState) },
    answer: { type: String, default: null },
    answeredBy: { type: String, default: null },
    askedAt: { type: Date, required: true },
    answeredAt: { type: Date, default: null },
    /** 常见问题: an answered question the department published on the item's guide */
    faq: {
      published: { type: Boolean, required: true, default: false },
      publishedBy: { type: String, default: null },
      publishedAt: { type: Date, default: null },
    },
    processInstanceKey: { type: String, default: null, index: true },
  },
  { versionKey: false, collection: 'consultations' },
);
consultationSchema.index({ itemCode: 1, 'faq.published': 1 });
export type Consultation = InferSchemaType<typeof consultationSchema>;
export const ConsultationModel = mongoose.model('Consultation', consultationSchema);

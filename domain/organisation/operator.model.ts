import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { Post } from '../shared/constants.js';

/** An operator (操作员) holding posts in one unit; accounts and activation build on this. */
const operatorSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    realName: { type: String, required: true },
    unitCode: { type: String, required: true, index: true },
    posts: { type: [String], enum: Object.values(Post), default: [] },
    activated: { type: Boolean, default: false },
  },
  { versionKey: false, collection: 'operators' },
);
export type Operator = InferSchemaType<typeof operatorSchema>;
export const OperatorModel = mongoose.model('Operator', operatorSchema);

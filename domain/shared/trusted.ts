import mongoose from 'mongoose';

/**
 * Marks a query operator written by the domain itself. The store sanitises every filter so that
 * client input can never smuggle an operator in; the domain's own operators pass through this.
 */
export function op<T extends Record<string, unknown>>(operator: T): T {
  return mongoose.trusted(operator) as T;
}

/** One text message: the number, the text, and the notice it carries (the gateway may use it to drop repeats). */
export interface SmsMessage { to: string; text: string; ref: string }

/** The port a text-message gateway plugs into: the local one keeps messages in the store; a real one sends them. */
export interface SmsGateway {
  readonly name: string;
  send(message: SmsMessage, at: Date): Promise<void>;
}

/** One push notification for all of a user's devices. */
export interface PushMessage {
  /** Unique per delivery. */
  id: string;
  organizationId: string;
  recipientId: string;
  type: string;
  title: string;
  body: string;
}

/** Sends one push notification; rejects when it was not accepted, so the delivery is retried. */
export interface PushTransport {
  send(message: PushMessage): Promise<void>;
}

/** The default until Plaza registers devices: accepts everything, so deliveries are recorded SENT. */
export class NoopPushTransport implements PushTransport {
  async send(_message: PushMessage): Promise<void> {}
}

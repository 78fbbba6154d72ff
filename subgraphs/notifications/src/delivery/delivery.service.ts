import type { Viewer } from '@plaza/auth';
import type { PrismaClient } from '../db.ts';
import { DeliveryRepository, type DeliveryRecord } from './delivery.repository.ts';

export class DeliveryService {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  /**
   * Deliveries of `notificationIds` in the viewer's organization. Callers pass ids of
   * notifications the viewer was already allowed to read.
   */
  async findByNotificationIds(viewer: Viewer, notificationIds: readonly string[]): Promise<DeliveryRecord[]> {
    if (!viewer.organizationId) return [];
    return new DeliveryRepository(this.deps.prisma).findByNotificationIds(viewer.organizationId, notificationIds);
  }
}

/** Hands a lane back; calling it again does nothing. */
export type ReleaseLane = () => void;

interface Waiter {
  cloudId: number;
  urgent: boolean;
  grant: (release: ReleaseLane) => void;
}

/**
 * The provider calls one worker has in flight, across all its actions: at most `total`,
 * and at most `perCloud` on any one cloud, so a slow cloud cannot take every lane. A free
 * lane goes to the oldest urgent waiter (destroy, drain) whose cloud has room, else to the
 * oldest waiter whose cloud has room.
 */
export class LanePool {
  private active = 0;
  private readonly activeByCloud = new Map<number, number>();
  private readonly waiting: Waiter[] = [];
  readonly total: number;
  readonly perCloud: number;

  constructor(total: number, perCloud: number = total) {
    this.total = Math.max(1, Math.floor(total));
    this.perCloud = Math.max(1, Math.min(this.total, Math.floor(perCloud)));
  }

  acquire(cloudId: number, urgent: boolean): Promise<ReleaseLane> {
    return new Promise((grant) => {
      this.waiting.push({ cloudId, urgent, grant });
      this.pump();
    });
  }

  private pump(): void {
    while (this.active < this.total) {
      const fits = (w: Waiter) => (this.activeByCloud.get(w.cloudId) ?? 0) < this.perCloud;
      let index = this.waiting.findIndex((w) => w.urgent && fits(w));
      if (index < 0) index = this.waiting.findIndex(fits);
      if (index < 0) return;
      const [next] = this.waiting.splice(index, 1);
      next!.grant(this.take(next!.cloudId));
    }
  }

  private take(cloudId: number): ReleaseLane {
    this.active += 1;
    this.activeByCloud.set(cloudId, (this.activeByCloud.get(cloudId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.activeByCloud.set(cloudId, this.activeByCloud.get(cloudId)! - 1);
      this.pump();
    };
  }
}

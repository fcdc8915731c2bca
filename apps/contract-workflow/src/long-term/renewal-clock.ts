import { Injectable } from '@nestjs/common';

/**
 * The time the renewal job works at. Real time, unless a test moves it
 * (`travelTo`): proof-until dates are years away, and a test must not wait
 * for them.
 */
@Injectable()
export class RenewalClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** From now on the clock reads `instant` plus the real time elapsed since. */
  travelTo(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }
}

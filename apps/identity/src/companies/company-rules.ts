import { CompanyOption, Plan } from '@app/contracts';
import { identityError } from '../identity.errors';

/** Options a plan may carry: 案件管理 (MATTER) is only for one-side-pays companies. */
export function assertOptionsFitPlan(plan: Plan, options: readonly CompanyOption[]): void {
  if (options.includes('MATTER') && plan !== 'ONE_SIDE') {
    throw identityError('OPTION_NOT_ALLOWED_FOR_PLAN', [
      { path: 'options', message: 'MATTER requires plan ONE_SIDE', messageJa: 'MATTER には ONE_SIDE プランが必要です' },
    ]);
  }
}

export function uniqueOptions(options: readonly CompanyOption[]): CompanyOption[] {
  return [...new Set(options)].sort();
}

/** Our own refusal code: the provider vouched for the user, but none of their groups maps to a role. */
export const NO_MAPPED_GROUP = "no_mapped_group";

const ANSWER_NOT_OURS = "The answer from the sign-in provider does not belong to a sign-in started here (it may be stale, replayed or forged). Nobody was signed in; start again.";
const NOT_VERIFIED = "The identity the sign-in provider sent could not be verified. Nobody was signed in.";

/** better-auth's callback error codes (and ours), in words a person can act on. */
const DESCRIPTIONS: Record<string, string> = {
  [NO_MAPPED_GROUP]: "Your account is in none of the groups that grant a role in cloudscope. Ask to be added to one of them at the provider, then sign in again.",
  state_mismatch: ANSWER_NOT_OURS,
  state_not_found: ANSWER_NOT_OURS,
  invalid_callback_request: ANSWER_NOT_OURS,
  nonce_binding_missing: ANSWER_NOT_OURS,
  invalid_code: "The sign-in provider did not confirm the sign-in: its code was already used or expired, or the provider could not be reached. Start again.",
  unable_to_get_user_info: NOT_VERIFIED,
  issuer_mismatch: NOT_VERIFIED,
  email_not_found: "The sign-in provider sent no e-mail address for your account, which cloudscope needs.",
  access_denied: "The sign-in was cancelled or refused at the provider.",
  // better-auth's code when "Sign in with …" finds no provider: its discovery failed (down, or a malformed document).
  provider_not_found: "Single sign-on could not start: the sign-in provider could not be reached or gave an unusable answer when the console last asked it. Nobody was signed in; try again later.",
};

/** What to tell a person whose single sign-on was refused with this code. */
export function describeSsoRefusal(code: string): string {
  return DESCRIPTIONS[code] ?? `Single sign-on failed (${code.slice(0, 60)}). Try again, or ask an admin to look at the audit log.`;
}

/**
 * The browser's sign-in state. A person signs in with email and password: the server sets an httpOnly session
 * cookie, and GET /auth/me hands back the CSRF token that writes must echo (X-CSRF-Token). An API token (or the
 * break-glass admin token) can be used instead and is sent as a bearer header. Both live in this tab only
 * (sessionStorage), never in a URL.
 */
const TOKEN = 'nightline.token';
const CSRF = 'nightline.csrf';

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN),
  csrf: (): string | null => sessionStorage.getItem(CSRF),
  signedIn: (): boolean => !!(sessionStorage.getItem(TOKEN) ?? sessionStorage.getItem(CSRF)),
  signIn: (token: string) => sessionStorage.setItem(TOKEN, token),
  startSession: (csrf: string) => sessionStorage.setItem(CSRF, csrf),
  signOut: () => {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(CSRF);
  },
};

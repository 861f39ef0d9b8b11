/**
 * Stopgap session until the identity branch's cookie session lands: the admin token typed on the login page,
 * kept for this browser tab only (sessionStorage), never put in a URL.
 */
const KEY = 'nightline.token';

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  signIn: (token: string) => sessionStorage.setItem(KEY, token),
  signOut: () => sessionStorage.removeItem(KEY),
};

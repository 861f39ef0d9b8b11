import { z } from 'zod';
import { loginBody } from '../identity/identity.schemas';
import { docGroup } from './registry';

/** Docs for the console's sign-in: an httpOnly session cookie, and the CSRF token that writes echo. */

const me = z
  .looseObject({
    user: z.looseObject({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
    via: z.string(),
    admin: z.boolean(),
    teams: z.array(z.looseObject({ id: z.string(), name: z.string(), role: z.string() })),
    csrfToken: z.string().nullable().meta({ description: 'Echo it as X-CSRF-Token on writes (session sign-in only)' }),
  })
  .meta({ id: 'Me' });

export const authDocs = docGroup({
  tag: 'Sign-in',
  description: 'Sessions of the web console (email and password); API tokens are sent as a bearer header instead.',
  auth: 'bearer',
  operations: [
    {
      method: 'post',
      path: '/api/v1/auth/login',
      operationId: 'login',
      summary: 'Sign in with email and password: sets the session cookie',
      auth: 'none',
      body: { schema: loginBody, example: { email: 'ada@example.com', password: 'correct horse battery staple' } },
      responses: { 200: { description: 'Signed in', schema: me } },
      errors: [401, 429],
    },
    {
      method: 'post',
      path: '/api/v1/auth/logout',
      operationId: 'logout',
      summary: 'End this session',
      responses: { 204: { description: 'Signed out' } },
    },
    {
      method: 'get',
      path: '/api/v1/auth/me',
      operationId: 'getMe',
      summary: 'Who is calling, in which teams, and the CSRF token of the session',
      responses: { 200: { description: 'OK', schema: me } },
    },
  ],
});

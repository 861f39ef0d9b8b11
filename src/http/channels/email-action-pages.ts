import type { Response } from 'express';
import type { LinkAction } from '../../channels/action-links';

/** The small HTML pages of the one-click email links (no script, no external asset: helmet's CSP holds). */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const shell = (heading: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<title>Nightline: ${esc(heading)}</title></head><body><main><h1>${esc(heading)}</h1>${body}</main></body></html>`;

export function page(res: Response, status: number, heading: string, body: string): void {
  res.status(status).type('html').send(shell(heading, `<p>${esc(body)}</p>`));
}

/** The GET answer: what the link will do, and a button that POSTs the token in the form body. */
export function confirmPage(res: Response, v: { action: LinkAction; title: string; status: string; token: string }): void {
  const verb = v.action === 'acknowledge' ? 'Acknowledge' : 'Resolve';
  const body =
    `<p>“${esc(v.title)}” is ${esc(v.status)} now.</p>` +
    `<form method="post" action="/channels/email/actions">` +
    `<input type="hidden" name="token" value="${esc(v.token)}">` +
    `<button type="submit">${verb} this alert</button></form>` +
    `<p><small>Nothing happens until you press the button; the link works once.</small></p>`;
  res.status(200).type('html').send(shell(`${verb} this alert?`, body));
}

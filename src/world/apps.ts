// What each Bookinfo app answers. Two flavours: 'istio' (the Bookinfo services' own
// JSON) and 'lab' (the real-kernel lab's reviews_app.py, byte for byte, so the
// simulator's byte counters can be checked against the lab's).

import type { HttpRequest, HttpResponse } from './http.ts';
import { byteLength, headerPairs } from './http.ts';

export interface AppCallContext {
  /** the app's view of its peer and local address ("127.0.0.1:37394") */
  peer: string;
  local: string;
  uid: number;
  podName: string;
}

const REVIEWS = [
  { reviewer: 'Reviewer1', text: 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!' },
  { reviewer: 'Reviewer2', text: 'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.' },
];

function json(status: number, reason: string, body: unknown, server: string): HttpResponse {
  const text = JSON.stringify(body);
  return {
    version: 'HTTP/1.1', status, reason,
    headers: ['content-type: application/json', `content-length: ${byteLength(text)}`],
    body: text,
  };
}

/** The Bookinfo services (flavour 'istio'). Rating lookups are passed in by the caller. */
export function bookinfoApp(app: string, req: HttpRequest, ctx: AppCallContext, ratings?: { stars: number } | null): HttpResponse {
  const m = /^\/([a-z]+)\/(\d+)$/.exec(req.path);
  if (app === 'reviews' && m && m[1] === 'reviews') {
    const reviews = REVIEWS.map((r, i) => (ratings === undefined ? r : { ...r, rating: ratings ? { stars: ratings.stars - i, color: 'black' } : { error: 'Ratings service is currently unavailable' } }));
    return json(200, 'OK', { id: m[2], podname: ctx.podName, clustername: 'null', reviews }, 'envoy-app');
  }
  if (app === 'ratings' && m && m[1] === 'ratings') return json(200, 'OK', { id: Number(m[2]), ratings: { Reviewer1: 5, Reviewer2: 4 } }, 'envoy-app');
  if (app === 'details' && m && m[1] === 'details') {
    return json(200, 'OK', { id: Number(m[2]), author: 'William Shakespeare', year: 1595, type: 'paperback', pages: 200, publisher: 'PublisherA', language: 'English', 'ISBN-10': '1234567890', 'ISBN-13': '123-1234567890' }, 'envoy-app');
  }
  if (app === 'productpage' && (req.path === '/productpage' || req.path === '/')) {
    const html = '<!DOCTYPE html>\n<html>\n  <head>\n    <title>Simple Bookstore App</title>\n  </head>\n  <body>\n    <h3>The Comedy of Errors</h3>\n  </body>\n</html>\n';
    return { version: 'HTTP/1.1', status: 200, reason: 'OK', headers: ['content-type: text/html; charset=utf-8', `content-length: ${byteLength(html)}`], body: html };
  }
  return json(404, 'Not Found', { error: 'Not found' }, 'envoy-app');
}

/** reviews_app.py of the lab: HTTP/1.0, JSON dumped with indent=1, then one send and close. */
export function labApp(req: HttpRequest, ctx: AppCallContext): HttpResponse {
  const parts = req.path.replace(/^\/+|\/+$/g, '').split('/');
  let body: unknown;
  let status: number;
  let reason: string;
  if (parts.length === 2 && parts[0] === 'reviews') {
    body = {
      id: parts[1],
      podname: 'reviews-lab',
      reviews: [
        { reviewer: 'Reviewer1', text: 'An extremely entertaining play by Shakespeare.' },
        { reviewer: 'Reviewer2', text: 'Absolutely fun and entertaining.' },
      ],
      lab_seen_by_app: { peer: ctx.peer, local: ctx.local, app_uid: ctx.uid, request_headers: headerPairs(req) },
    };
    status = 200;
    reason = 'OK';
  } else {
    body = { error: 'not found', path: req.path };
    status = 404;
    reason = 'Not Found';
  }
  // json.dumps(indent=1) and JSON.stringify(x, null, 1) agree for this ASCII data.
  const payload = `${JSON.stringify(body, null, 1)}\n`;
  return {
    version: 'HTTP/1.0', status, reason,
    headers: ['Server: lab-reviews/1', 'Content-Type: application/json', `Content-Length: ${byteLength(payload)}`, 'Connection: close'],
    body: payload,
  };
}

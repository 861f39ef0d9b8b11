import { expectValidTwiml, twimlProblems } from '../fixtures/twiml-check';

const doc = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;

describe('the TwiML checker', () => {
  it('accepts prompts inside a Gather and a Number inside a Dial', () => {
    const xml = doc('<Gather numDigits="1" action="https://x/a"><Say>Hi</Say><Pause length="1"/><Play>https://x/b.mp3</Play></Gather><Dial timeout="20"><Number>+15551230001</Number></Dial><Hangup/>');
    expect(twimlProblems(xml, 'voice')).toEqual([]);
  });

  it('accepts a reply message in a messaging response', () => {
    expect(twimlProblems(doc('<Message>ok</Message>'), 'messaging')).toEqual([]);
    expect(twimlProblems(doc(''), 'messaging')).toEqual([]);
  });

  it.each([
    ['a Gather inside a Gather', '<Gather><Gather><Say>x</Say></Gather></Gather>', 'not allowed inside <Gather>'],
    ['a Dial inside a Gather', '<Gather><Dial>+15551230001</Dial></Gather>', 'not allowed inside <Gather>'],
    ['a Number outside a Dial', '<Number>+15551230001</Number>', 'not a voice verb'],
    ['an unknown verb', '<Shout>hi</Shout>', 'not a voice verb'],
    ['a Message in a voice response', '<Message>hi</Message>', 'not a voice verb'],
    ['a misspelt attribute', '<Gather numdigits="1"><Say>x</Say></Gather>', 'unknown attribute numdigits'],
    ['text in a Hangup', '<Hangup>now</Hangup>', 'text is not allowed'],
    ['stray text in the Response', 'hello', 'stray text'],
  ])('rejects %s', (_what, body, problem) => {
    expect(twimlProblems(doc(body), 'voice').join('\n')).toContain(problem);
  });

  it('rejects malformed XML and a root other than Response', () => {
    expect(twimlProblems('<Response><Say>x</Response>', 'voice')[0]).toMatch(/not well-formed/);
    expect(twimlProblems('<Reply><Say>x</Say></Reply>', 'voice')[0]).toMatch(/root must be one <Response>/);
  });

  it('throws with every problem listed', () => {
    expect(() => expectValidTwiml(doc('<Shout/><Gather><Gather/></Gather>'))).toThrow(/Shout[\s\S]*Gather/);
  });
});

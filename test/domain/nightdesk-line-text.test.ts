import { callerFirstMessage, reasonFromKeypad, runbookMenuPrompt } from '../../src/domain/nightdesk-line-text';

const TRIGGERS = ['server down', 'Email outage'];

describe('what a NightDesk phone line says and hears', () => {
  it('the menu offers each rule trigger on its own key, in rule order', () => {
    expect(runbookMenuPrompt(TRIGGERS)).toBe('Please say why you are calling, or press 1 for server down, 2 for Email outage.');
  });

  it('only keys 1-9 are offered, later rules can still be said', () => {
    const many = Array.from({ length: 11 }, (_, i) => `reason ${i + 1}`);
    expect(runbookMenuPrompt(many)).toContain('9 for reason 9.');
    expect(runbookMenuPrompt(many)).not.toContain('reason 10');
    expect(reasonFromKeypad(many, '9')).toBe('reason 9');
  });

  it.each([
    ['1', 'server down'],
    ['2', 'Email outage'],
    ['3', ''],
    ['0', ''],
    ['*', ''],
    ['', ''],
  ])('pressing %p picks %p', (digits, reason) => {
    expect(reasonFromKeypad(TRIGGERS, digits)).toBe(reason);
  });

  it.each([
    ['Server down, the VPN has been down for 20 minutes.', 'the VPN has been down for 20 minutes.'],
    ['server down', undefined],
    ['Our server down since midnight', 'Our since midnight'],
    ['the printer is jammed', 'the printer is jammed'],
    ['  ', undefined],
  ])('what %p says beyond the trigger is the first message: %p', (speech, first) => {
    expect(callerFirstMessage(speech, TRIGGERS)).toBe(first);
  });
});

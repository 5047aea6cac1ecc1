import { describe, expect, it } from 'vitest';
import { isSearchShortcut, isTypingTarget } from './searchShortcuts.js';

const key = (
  key: string,
  extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: unknown }> = {},
) =>
  ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    target: null,
    ...extra,
  }) as Parameters<typeof isSearchShortcut>[0];

const input = (type = 'text') => ({ tagName: 'INPUT', type });
const element = (fields: object) => fields as unknown as EventTarget;

describe('search shortcuts', () => {
  it('takes / only outside a text field, and Ctrl+K or Cmd+K anywhere', () => {
    expect(isSearchShortcut(key('/'))).toBe(true);
    expect(isSearchShortcut(key('/', { target: { tagName: 'BUTTON' } }))).toBe(true);
    expect(isSearchShortcut(key('/', { target: input('checkbox') }))).toBe(true);
    // Typing a slash in a field is typing a slash.
    for (const target of [
      input(),
      input('search'),
      { tagName: 'TEXTAREA' },
      { tagName: 'SELECT' },
      { tagName: 'DIV', isContentEditable: true },
    ])
      expect(isSearchShortcut(key('/', { target })), JSON.stringify(target)).toBe(false);

    expect(isSearchShortcut(key('k', { ctrlKey: true }))).toBe(true);
    expect(isSearchShortcut(key('K', { metaKey: true, target: input() }))).toBe(true);
    expect(isSearchShortcut(key('k', { ctrlKey: true, target: { tagName: 'TEXTAREA' } }))).toBe(true);
  });

  it('leaves other keys and combinations alone', () => {
    expect(isSearchShortcut(key('k'))).toBe(false);
    expect(isSearchShortcut(key('k', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isSearchShortcut(key('/', { ctrlKey: true }))).toBe(false);
    expect(isSearchShortcut(key('/', { altKey: true }))).toBe(false);
    expect(isSearchShortcut(key('j'))).toBe(false);
  });

  it('knows which elements take typed text', () => {
    expect(isTypingTarget(null)).toBe(false);
    expect(isTypingTarget(element(input('number')))).toBe(true);
    expect(isTypingTarget(element(input('range')))).toBe(false);
    expect(isTypingTarget(element({ tagName: 'A' }))).toBe(false);
  });
});

import { describe, expect, test } from 'vitest';
import { keyAction } from './channel';

/** A key press as the deck sees it, on a target that is (inside) the given kind of element, or the page. */
function press(key: string, on: 'page' | 'button' | 'a' | 'summary' | 'input' = 'page', mods: Partial<KeyboardEvent> = {}): KeyboardEvent {
  const target = { closest: (selector: string) => (on !== 'page' && selector.split(',').some((s) => s.trim() === on) ? {} : null) };
  return { key, target, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods } as unknown as KeyboardEvent;
}

describe('keyAction', () => {
  test.each([
    ['ArrowRight', 'page', 'next'],
    ['PageDown', 'page', 'next'],
    [' ', 'page', 'next'],
    ['Enter', 'page', 'next'],
    ['PageUp', 'page', 'prev'],
    ['Home', 'page', 'first'],
    ['End', 'page', 'last'],
    ['b', 'page', 'blank'],
    ['f', 'page', 'fullscreen'],
    ['t', 'page', 'timer'],
    // A focused control keeps its own keys: Space and Enter press it and do not also turn the slide.
    [' ', 'button', null],
    ['Enter', 'button', null],
    [' ', 'a', null],
    [' ', 'summary', null],
    ['ArrowRight', 'button', 'next'],
    ['PageDown', 'button', 'next'],
    ['ArrowRight', 'input', null],
  ] as const)('%j on %s gives %s', (key, on, action) => {
    expect(keyAction(press(key, on))).toBe(action);
  });

  test('Shift+Space goes back on the page; a modifier key leaves the deck alone', () => {
    expect(keyAction(press(' ', 'page', { shiftKey: true }))).toBe('prev');
    expect(keyAction(press('ArrowRight', 'page', { ctrlKey: true }))).toBeNull();
  });
});

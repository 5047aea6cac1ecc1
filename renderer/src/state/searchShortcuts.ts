/**
 * The search box from anywhere: `/` when the person is not typing in a field, and Ctrl+K (Cmd+K on a Mac)
 * even when they are, as in mail clients and code editors. From another screen they go to the search
 * screen, with the query it had.
 */
import { useEffect } from 'react';
import { useRouterApi, useSearchStoreApi } from './AppStoreContext.js';

/** The part of a KeyboardEvent the decision needs. */
export interface ShortcutKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Where the key was typed. */
  target: EventTarget | null;
}

/** Whether the element takes typed text (a text field, a text area, a select, an editable region). */
export function isTypingTarget(target: EventTarget | null): boolean {
  const element = target as { tagName?: unknown; isContentEditable?: unknown; type?: unknown } | null;
  if (!element || typeof element.tagName !== 'string') return false;
  if (element.isContentEditable === true) return true;
  const tag = element.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  // Checkboxes, buttons and ranges take no text: `/` there still means search.
  const type = typeof element.type === 'string' ? element.type.toLowerCase() : 'text';
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(type);
}

export function isSearchShortcut(event: ShortcutKey): boolean {
  if (event.altKey) return false;
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') return true;
  return event.key === '/' && !event.ctrlKey && !event.metaKey && !isTypingTarget(event.target);
}

/** Installs the shortcuts on the window for as long as the calling component lives. */
export function useSearchShortcuts(): void {
  const router = useRouterApi();
  const search = useSearchStoreApi();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !isSearchShortcut(event)) return;
      event.preventDefault();
      const { route, navigate } = router.getState();
      if (route.screen !== 'search') {
        const query = search.getState().searched ?? '';
        navigate({ screen: 'search', params: query ? { q: query } : {} });
      }
      search.getState().requestFocus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router, search]);
}

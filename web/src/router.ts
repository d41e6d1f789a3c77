// A tiny history-API router: the page is the first path segment; links push state, back works.
import { createContext, useContext, useEffect, useState } from 'react';

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener('cagri:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('cagri:navigate', update);
    };
  }, []);
  return path;
}

export function navigate(to: string, replace = false): void {
  if (window.location.pathname === to) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event('cagri:navigate'));
}

export const PathContext = createContext('/');
export const useCurrentPath = () => useContext(PathContext);

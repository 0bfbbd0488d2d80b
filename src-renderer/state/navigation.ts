import { create } from 'zustand';
import { isPageId, type PageId } from '../pages/registry.js';

const DEFAULT_PAGE: PageId = 'chat';

/** `#/vault` → 'vault'; anything else → the default page. */
function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '');
  return isPageId(id) ? id : DEFAULT_PAGE;
}

interface NavigationState {
  page: PageId;
  go(page: PageId): void;
}

/** The current page, kept in `location.hash` so a reload (and Back/Forward) keeps the page. */
export const useNavigation = create<NavigationState>()((set) => ({
  page: pageFromHash(location.hash),
  go(page) {
    if (location.hash !== `#/${page}`) location.hash = `/${page}`;
    set({ page });
  },
}));

window.addEventListener('hashchange', () => {
  useNavigation.setState({ page: pageFromHash(location.hash) });
});

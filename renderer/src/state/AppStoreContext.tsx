/**
 * Hands the stores to the components. The stores are created once per window in main.tsx (from the
 * client for this window) and passed down: components never build their own client.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from './appStore.js';
import type { SearchState, SearchStore } from './searchStore.js';
import type { ReviewState, ReviewStore } from './reviewStore.js';
import type { ServicesState, ServicesStore } from './servicesStore.js';
import type { RouterState, RouterStore } from './router.js';
import type { LibraryState, LibraryStore } from './libraryStore.js';
import type { PipelineState, PipelineStore } from './pipelineStore.js';
import type { ExportState, ExportStore } from './exportStore.js';
import type { IntakeState, IntakeStore } from './intakeStore.js';

export interface Stores {
  app: AppStore;
  search: SearchStore;
  review: ReviewStore;
  services: ServicesStore;
  router: RouterStore;
  library: LibraryStore;
  pipeline: PipelineStore;
  exports: ExportStore;
  intake: IntakeStore;
}

const StoresContext = createContext<Stores | null>(null);

export function AppStoreProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('This component needs an <AppStoreProvider> above it.');
  return stores;
}

/** The store object itself, for effects that call actions without subscribing to state. */
export function useAppStoreApi(): AppStore {
  return useStores().app;
}

/** The services store itself, for the window's one `connect()`. */
export function useServicesStoreApi(): ServicesStore {
  return useStores().services;
}

/** The router itself, for the window's one `start()`. */
export function useRouterApi(): RouterStore {
  return useStores().router;
}

/** Where the window is (a slice of the router's state), and `navigate`. */
export function useRouter<T>(selector: (state: RouterState) => T): T {
  return useStore(useStores().router, selector);
}

/** A slice of the state; the component re-renders when the slice changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useStores().app, selector);
}

export function useSearch<T>(selector: (state: SearchState) => T): T {
  return useStore(useStores().search, selector);
}

export function useReview<T>(selector: (state: ReviewState) => T): T {
  return useStore(useStores().review, selector);
}

export function useServices<T>(selector: (state: ServicesState) => T): T {
  return useStore(useStores().services, selector);
}

/** The library store itself, for its events subscription and actions outside rendering. */
export function useLibraryStoreApi(): LibraryStore {
  return useStores().library;
}

export function useLibrary<T>(selector: (state: LibraryState) => T): T {
  return useStore(useStores().library, selector);
}

/** The pipeline store itself, for the window's one `connect()`. */
export function usePipelineStoreApi(): PipelineStore {
  return useStores().pipeline;
}

export function usePipeline<T>(selector: (state: PipelineState) => T): T {
  return useStore(useStores().pipeline, selector);
}

/** The search store itself, for the window's keyboard shortcuts. */
export function useSearchStoreApi(): SearchStore {
  return useStores().search;
}

export function useExport<T>(selector: (state: ExportState) => T): T {
  return useStore(useStores().exports, selector);
}

/** How documents come in (drops, pickers, uploads, typed paths) and the watched folders. */
export function useIntake<T>(selector: (state: IntakeState) => T): T {
  return useStore(useStores().intake, selector);
}

/** The intake store itself, for the window's one `connect()` and for drop handlers. */
export function useIntakeStoreApi(): IntakeStore {
  return useStores().intake;
}

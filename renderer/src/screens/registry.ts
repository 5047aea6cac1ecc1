/** The screens of the app, in tab order; adding a screen is adding an entry here (and its id in router.ts). */
import type { ComponentType } from 'react';
import type { ScreenId } from '../state/router.js';
import { DocumentsScreen } from './DocumentsScreen.js';
import { SearchScreen } from './SearchScreen.js';
import { ReviewScreen } from './ReviewScreen.js';
import { ServicesScreen } from './ServicesScreen.js';
import { PipelineScreen } from './PipelineScreen.js';
import { ExportScreen } from './ExportScreen.js';

export interface ScreenEntry {
  id: ScreenId;
  label: string;
  Component: ComponentType;
}

export const SCREENS: readonly ScreenEntry[] = [
  { id: 'documents', label: 'Documents', Component: DocumentsScreen },
  { id: 'search', label: 'Search', Component: SearchScreen },
  { id: 'review', label: 'Review', Component: ReviewScreen },
  { id: 'pipeline', label: 'Pipeline', Component: PipelineScreen },
  { id: 'export', label: 'Export', Component: ExportScreen },
  { id: 'services', label: 'Services & models', Component: ServicesScreen },
];

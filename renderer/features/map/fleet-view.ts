import { create } from 'zustand';

/** Whether the trackers screen shows its table or the fleet map (kept while a card is open). */
export const useFleetView = create<{ mode: 'table' | 'map'; setMode(mode: 'table' | 'map'): void }>((set) => ({
  mode: 'table',
  setMode: (mode) => set({ mode }),
}));

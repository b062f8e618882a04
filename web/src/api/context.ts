// The API client of the app, from context so tests (and embedders) can give pages their own.
import { createContext, useContext } from 'react';
import { api, type ApiClient } from './client';

export const ApiContext = createContext<ApiClient>(api);

export function useApi(): ApiClient {
  return useContext(ApiContext);
}

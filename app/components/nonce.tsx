// The Content-Security-Policy nonce of this response, for the inline scripts Remix renders
// (entry.server.tsx provides it; in the browser it is undefined and not needed).
import { createContext, useContext } from 'react';

export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);

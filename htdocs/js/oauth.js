// The sign-in providers (OpenID Connect: Google, LinkedIn, or any other the
// hosting admin configured), as the login module lists them.
import {get} from './api.js';

// [{name, label}] in the server's order; none when the list cannot be had
// (signing in with a password still works).
export async function oauthProviders() {
  try {
    const body = await get('/api/auth/providers');
    const list = body && Array.isArray(body.providers) ? body.providers : [];
    // The name goes into URLs and class names.
    return list.filter((p) => p && /^[a-z0-9_-]{1,32}$/.test(p.name));
  } catch {
    return [];
  }
}

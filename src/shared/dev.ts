/** Replaced by the app's bundler, as Workbox relies on too. */
declare const process: { env: { NODE_ENV?: string } };

/**
 * True in development builds. Explanations of mistakes are written `DEV && '…'`, so a production
 * build keeps the check, the error code and the path of the bad field, and drops the prose: a
 * bundler folds this exported constant (esbuild inlines it across modules) and the string goes with it.
 */
export const DEV = process.env.NODE_ENV !== 'production';

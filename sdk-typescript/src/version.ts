/** The SDK version, sent in the default User-Agent (`nusomi-ts/<version>`); a test keeps it equal to package.json. */
export const VERSION = "0.1.0";

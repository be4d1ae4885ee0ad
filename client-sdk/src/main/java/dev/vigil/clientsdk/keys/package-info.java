/**
 * The user keys the SDK signs with: one per tower, derived from a single wallet secret, so that two
 * towers comparing their user ids cannot tell they serve the same wallet. Pure functions.
 */
package dev.vigil.clientsdk.keys;

/**
 * Small helpers shared by the other packages of this module (hashing). Public only because Java has
 * no module-private visibility across packages: not part of the API, and may change at any time.
 * Depends on the JDK and BouncyCastle only.
 */
package dev.vigil.justicetxbuilder.internal;

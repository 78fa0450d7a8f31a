/**
 * ringbook gateway: Gateway process: per-client conflation, client protocols, web page. Not built yet; see the issues.
 */
package io.ringbook.gateway;

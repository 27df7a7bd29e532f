/**
 * {@code opensn-admin}: the administrator's command line for a secured OpenSN cluster. Licences
 * (SCRAM credentials + endpoint ACLs), role ACLs, service users, the contract topics and HTTP API
 * keys. {@link org.opensn.admin.AdminCli#run} is the testable entry point. Nothing depends on this
 * module; the logic it drives lives in {@code org.opensn.security}.
 */
package org.opensn.admin;

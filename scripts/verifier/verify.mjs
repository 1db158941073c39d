// Independent verifier of Open Badges 3.0 credentials (Digital Bazaar's implementations).
//
//   node verify.mjs INPUT.json
//
// INPUT: {"contextsDir": "<dir of pinned JSON-LD contexts>",
//         "documents": {"<url>": <JSON document>, ...},   // issuer profile, status list credentials
//         "credentials": {"<name>": <credential>, ...}}
// Prints {"<name>": {"verified": bool, "revoked": bool|null, "error": str|null}} on stdout.
// The document loader reads only the contexts directory and the given documents: no network.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import securityContext from '@digitalbazaar/security-context';

const CONTEXT_FILES = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-context-3.0.3.json',
  'https://w3id.org/security/data-integrity/v2': 'data-integrity-v2.jsonld',
  'https://w3id.org/security/multikey/v1': 'multikey-v1.jsonld',
  'https://www.w3.org/ns/credentials/status/v1': 'bitstring-status-list-v1.jsonld',
};

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function documentLoader(url) {
  // jsonld-signatures frames the issuer's controller document with the security v2 context
  // (which includes v1): taken from Digital Bazaar's own package, not from the site under test.
  if(securityContext.contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: securityContext.contexts.get(url)};
  }
  if(CONTEXT_FILES[url]) {
    const document = JSON.parse(readFileSync(join(input.contextsDir, CONTEXT_FILES[url]), 'utf8'));
    return {contextUrl: null, documentUrl: url, document};
  }
  const [base] = url.split('#');
  const document = input.documents[base];
  if(!document) {
    throw new Error(`documentLoader: ${url} is not available offline`);
  }
  if(url !== base) {  // a verification method inside the issuer's profile
    const method = (document.verificationMethod || []).find(m => m.id === url);
    if(!method) {
      throw new Error(`documentLoader: no verification method ${url}`);
    }
    return {contextUrl: null, documentUrl: url,
      document: {'@context': 'https://w3id.org/security/multikey/v1', ...method}};
  }
  return {contextUrl: null, documentUrl: url, document};
}

function describe(result) {
  const error = result.error?.errors?.[0] || result.error || result.statusResult?.error;
  if(!error) {
    return JSON.stringify(result).slice(0, 500);
  }
  const details = error.details ? ' ' + JSON.stringify(error.details).slice(0, 800) : '';
  return String(error.message) + details;
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const results = {};
for(const [name, credential] of Object.entries(input.credentials)) {
  try {
    const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
    const statuses = result.statusResult?.results || [];
    results[name] = {
      verified: result.verified,
      revoked: statuses.length ? statuses.some(s => s.credentialStatus.statusPurpose === 'revocation' && s.status) : null,
      error: result.verified ? null : describe(result),
    };
  } catch(e) {
    results[name] = {verified: false, revoked: null, error: String(e.message || e)};
  }
}
process.stdout.write(JSON.stringify(results) + '\n');

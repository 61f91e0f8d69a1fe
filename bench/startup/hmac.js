// The Node peer: what `hooks sign --provider github --format value` computes. node hmac.js SECRET FILE
const [secret, file] = process.argv.slice(2);
console.log('sha256=' + require('crypto').createHmac('sha256', secret).update(require('fs').readFileSync(file)).digest('hex'));

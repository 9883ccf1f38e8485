import { redactCredentials } from './redact-credentials';

describe('redactCredentials', () => {
  it('removes user and password from every URL in a text, keeping the rest', () => {
    expect(redactCredentials('GET http://user:PASS@127.0.0.1:9/api/v3/klines?x=1 failed; see https://tok@host.example/x')).toBe(
      'GET http://***@127.0.0.1:9/api/v3/klines?x=1 failed; see https://***@host.example/x',
    );
    expect(redactCredentials('{"source":"ccxt binance via http://a%40b:p%3Ass@h:1"}')).toBe('{"source":"ccxt binance via http://***@h:1"}');
  });

  it('leaves URLs without credentials and plain e-mail-like text alone', () => {
    const text = 'http://127.0.0.1:9/api/v3 and user@example.com';
    expect(redactCredentials(text)).toBe(text);
  });
});

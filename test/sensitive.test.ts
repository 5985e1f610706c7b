/** The shared sensitive-name classifier: what a name says its value is. */
import { describe, expect, it } from 'vitest';
import { classifyName, isPasswordName, isCredentialName } from '../src/analysis/sensitive.js';

describe('classifyName', () => {
  it.each(['password', 'passwd', 'pwd', 'pass', 'pw', 'passphrase', 'newPassword', 'user_password', 'USER_PASSWORD', 'confirmPassword', 'password_confirmation', 'oldPwd', 'password2', 'plainPassword'])(
    '%s is a password',
    (name) => expect(isPasswordName(name)).toBe(true),
  );

  it.each([
    'passwordHash', 'hashedPassword', 'passwordDigest', 'encryptedPassword', 'password_hash', 'pwdHash', 'passwordSalt',
    'passwordLength', 'passwordPolicy', 'isPasswordValid', 'hasPassword', 'passwordResetRequested', 'passwordUpdatedAt', 'passwordExpiresAt',
    'hashPassword', 'comparePassword', 'verifyPassword', 'setPassword', 'passwordField', 'passwordless',
  ])('%s is not a password', (name) => expect(isPasswordName(name)).toBe(false));

  it('reads the rightmost sensitive word as the head noun', () => {
    expect(classifyName('passwordResetToken')?.kind).toBe('token');
    expect(classifyName('resetPasswordToken')?.kind).toBe('token');
    expect(classifyName('sessionToken')?.kind).toBe('token');
    expect(classifyName('accessToken')?.kind).toBe('token');
    expect(classifyName('tokenPassword')?.kind).toBe('password');
  });

  it('reads a holder noun after the sensitive word as the holder, before it as the owner', () => {
    for (const name of ['authService', 'tokenService', 'tokenStore', 'passwordManager', 'secretEnv']) expect(classifyName(name), name).toBeUndefined();
    expect(classifyName('SERVICE_PRIVATE_KEY')?.kind).toBe('privateKey');
    expect(classifyName('SERVICE_API_KEY')?.kind).toBe('apiKey');
    expect(classifyName('serviceToken')?.kind).toBe('token');
    expect(classifyName('EMAIL_SERVICE_PASSWORD')?.kind).toBe('password');
  });

  it('reads counted tokens and files of credentials as no credential', () => {
    for (const name of ['tokensPerInterval', 'promptTokens', 'completionTokens', 'totalTokens', 'remainingTokens', 'credentialsFilename', 'apiKeyFilePath', 'secretsFolder']) {
      expect(classifyName(name), name).toBeUndefined();
    }
    expect(classifyName('accessTokens')?.kind).toBe('token');
  });

  it('reads a count or a message about a missing credential as no credential', () => {
    for (const name of ['skippedNoRefreshToken', 'missingCredentials', 'withoutToken', 'noApiKey', 'enforceMFA', 'totpCheck']) expect(classifyName(name), name).toBeUndefined();
    expect(classifyName('mfaCode')?.kind).toBe('token');
    expect(classifyName('refreshToken')?.kind).toBe('token');
  });

  it('keeps `pass` for passwords only', () => {
    expect(isPasswordName('pass')).toBe(true);
    expect(isPasswordName('firstPass')).toBe(false);
    expect(isPasswordName('passThrough')).toBe(false);
    expect(isPasswordName('passport')).toBe(false);
    expect(isPasswordName('bypass')).toBe(false);
  });

  it('keeps other credentials and their exclusions', () => {
    expect(classifyName('apiKey')).toEqual({ kind: 'apiKey', level: 'credential' });
    expect(classifyName('clientSecret')?.kind).toBe('secret');
    expect(classifyName('sessionId')?.kind).toBe('sessionId');
    expect(classifyName('userSessionIds')?.kind).toBe('sessionId');
    expect(classifyName('SESSION_ID')?.kind).toBe('sessionId');
    // the id of the session's user or owner, not of the session
    expect(classifyName('sessionUserId')).toBeUndefined();
    expect(classifyName('session_owner_id')).toBeUndefined();
    expect(classifyName('tokenExpiry')).toBeUndefined();
    // how one authenticates is not a credential, nor are the names of the auth providers used
    expect(classifyName('authMethod')).toBeUndefined();
    expect(classifyName('authKeys')).toBeUndefined();
    expect(classifyName('secretKeys')?.kind).toBe('secret');
    expect(classifyName('apiKeys')?.kind).toBe('apiKey');
    expect(classifyName('authScheme')).toBeUndefined();
    expect(classifyName('author')).toBeUndefined();
    expect(isCredentialName('email')).toBe(false);
    expect(classifyName('email')).toEqual({ kind: 'email', level: 'personal' });
  });
});

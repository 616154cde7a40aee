import nodemailer, { type Transporter } from 'nodemailer';
import type { LoginIdentifier } from '~/lib/domain/login';
import { config } from './config';

/** A way to hand someone their password-reset link: e-mail, or SMS where a provider is set up. */
export interface ResetChannel {
  send(to: string, link: string): Promise<void>;
}

let mailer: Transporter | undefined;

/** E-mail through SMTP (SMTP_URL), or null when none is configured. */
export function emailChannel(): ResetChannel | null {
  const { SMTP_URL, MAIL_FROM } = config();
  if (!SMTP_URL) return null;
  mailer ??= nodemailer.createTransport(SMTP_URL);
  const transport = mailer;
  return {
    async send(to, link) {
      await transport.sendMail({
        from: MAIL_FROM,
        to,
        subject: '清源课堂：重置密码',
        // Quoted-printable keeps the link readable in the message source (base64 would hide it).
        textEncoding: 'quoted-printable',
        text: [
          '你好：',
          '',
          '有人为这个邮箱的清源课堂账号申请了重置密码。如果是你本人，请在 30 分钟内打开下面的链接设置新密码（链接只能用一次）：',
          '',
          link,
          '',
          '如果不是你本人申请的，请忽略这封邮件，你的密码不会改变。',
        ].join('\n'),
      });
    },
  };
}

/**
 * SMS: no provider is set up on this platform yet. A provider (a city's SMS gateway) plugs in here
 * behind the same interface; until then phone accounts are reset by the office.
 */
export function smsChannel(): ResetChannel | null {
  return null;
}

/** The channel for a login, or null when that kind of account cannot be reached here. */
export function channelFor(id: LoginIdentifier): ResetChannel | null {
  if (id.kind === 'email') return emailChannel();
  if (id.kind === 'phone') return smsChannel();
  return null;
}

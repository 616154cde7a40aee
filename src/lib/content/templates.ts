import type { ActivityKind } from '../domain/catalog.ts';
import type { TemplateData } from './schemas.ts';

/** A kit as the campaign schema holds it: what it prepares and the steps that use it. */
export interface KitText {
  kind: ActivityKind;
  steps: string[];
  materials: string[];
}

/** A template entry as the collection or a test reads it. */
export interface TemplateEntry {
  id: string;
  data: TemplateData;
}

/**
 * The words a kit uses for a printed sheet it expects the site to supply. Longer names come
 * first so “识别学习单” is found whole rather than as “学习单”. Physical things (展板, 投影仪)
 * and the pictures the school takes from the authorities are not templates.
 */
const templateWords =
  /识别学习单|学习单|观影讨论单|讨论单|“无毒家庭”承诺书模板|“无毒家庭”承诺书|承诺书|承诺卡|评分表|观影记录表|观影记录|班会记录表|班会记录|家长课堂讲稿|虎门销烟故事稿|演示文稿|角色扮演情景卡|拒绝情景卡片|情景卡片|家长签到表|活动签到表|签到表|观影问题卡|错题讲解分工表|求助卡|讲解词卡片|讲解员胸牌|志愿者标识|征文和手抄报通知|征文通知|观影通知|发布通知|暑假安全约定模板|匿名调查纸条|相关条文打印件|第二条打印件|获奖证书|禁毒小知识阅读材料|统一稿纸/g;

/**
 * The template names a kit mentions in its materials and steps, each once, in order of appearance.
 * @example kitTemplateNames({ kind: 'film', steps: ['观影前发放讨论单'], materials: ['观影记录表'] }) // ['观影记录表', '讨论单']
 */
export function kitTemplateNames(kit: KitText): string[] {
  const names = [...kit.materials, ...kit.steps].flatMap((line) => line.match(templateWords) ?? []);
  return [...new Set(names)];
}

/** The templates that serve one kit of one campaign, in title order. */
export function templatesForKit(templates: readonly TemplateEntry[], campaign: string, kit: ActivityKind): TemplateEntry[] {
  return templates
    .filter((template) => template.data.serves.some((use) => use.campaign === campaign && use.kit === kit))
    .sort((a, b) => a.data.title.localeCompare(b.data.title, 'zh-CN'));
}

/**
 * Every template name a kit mentions that no template claims (by listing the name for that
 * campaign and kit in `serves`), as `campaign/kit: name`.
 */
export function missingTemplates(campaigns: readonly { id: string; kits: readonly KitText[] }[], templates: readonly TemplateEntry[]): string[] {
  return campaigns.flatMap((campaign) =>
    campaign.kits.flatMap((kit) => {
      const claimed = new Set(templates.flatMap((t) => t.data.serves.filter((use) => use.campaign === campaign.id && use.kit === kit.kind).flatMap((use) => use.names)));
      return kitTemplateNames(kit)
        .filter((name) => !claimed.has(name))
        .map((name) => `${campaign.id}/${kit.kind}: ${name}`);
    }),
  );
}

/**
 * Names a template claims for a kit that the kit never mentions (a stale `serves` entry), or for a
 * campaign or kit that does not exist, as `template: campaign/kit: name`.
 */
export function staleClaims(campaigns: readonly { id: string; kits: readonly KitText[] }[], templates: readonly TemplateEntry[]): string[] {
  return templates.flatMap((template) =>
    template.data.serves.flatMap((use) => {
      const kit = campaigns.find((c) => c.id === use.campaign)?.kits.find((k) => k.kind === use.kit);
      const named = new Set(kit ? kitTemplateNames(kit) : []);
      return use.names.filter((name) => !named.has(name)).map((name) => `${template.id}: ${use.campaign}/${use.kit}: ${name}`);
    }),
  );
}

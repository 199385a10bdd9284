/** Explanations in plain words, value labels and the values an output can take. Pure: no framework imports. */
export { explainSubject, explainEnvelope, explainName, attachExplanations, explainLocale } from './explain';
export type { ExplainOptions, Locale } from './explain';
export { valueText, nameLabel, labelText, formatNumber, unitOf } from './words';
export { nameDomain, needsLabels, checkValueLabels, valueKey } from './domain';
export { proposalOf, proposalText, proposedThing, outputText, deciders } from './proposal';

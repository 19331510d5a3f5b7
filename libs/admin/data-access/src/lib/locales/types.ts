/** The English of a Chinese catalogue: every key, as text. */
export type Translation<T> = { [K in keyof T]: string };

/** The English of vocabulary labels: every group, every value. */
export type LabelTranslation<T> = { [G in keyof T]: { [V in keyof T[G]]: string } };

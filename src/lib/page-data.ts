// The data a prerendered page carries for the app, as the build writes it into the page and the browser
// reads it back (src/hydration.ts): the element that holds it, and JSON that is safe inside a script element.

export const PAGE_DATA_ELEMENT_ID = 'app-data';

/** JSON that cannot end its script element early: "<" is written as \u003c, which JSON reads back as "<". */
export const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

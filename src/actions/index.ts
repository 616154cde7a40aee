import { practiceStart, practiceSubmit } from './quiz';

export const server = {
  quiz: { practiceStart, practiceSubmit },
};

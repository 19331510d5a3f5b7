import type * as zh from '../zh/graduation';
import type { Translation } from '../types';

/** 管理下级组织 (§4, Q11, Q22–Q25): graduation dates and marks, 毕业去向. */
export const messages: Translation<typeof zh.messages> = {
  setDestinations: 'Set destination',
  setDestinationsFor: 'Set the destination of the {n} selected members',
  setDestinationsHint:
    'The destination decides whether a graduate counts towards SX (further study) or XS (any other); it can be set for members of branches your org may mark.',
  destinationsSet: 'Destination set for {n} members',
  destinationsRefused: '{n} members not set:',
  graduation: 'Sub-orgs: graduation',
  graduationHint:
    'Tick branches, pick a graduation date and mark them together; in a mixed branch, date members one by one. Change a date later from the Actions column.',
  ownBranchRefusedHint: 'A branch admin may not mark its own branch; the school committee or the direct superior does.',
  graduationDate: 'Graduation date',
  mixedBranch: 'Mixed branch',
  markSelected: 'Mark {n} selected branches',
  markDone: 'Marked {n} branches; {m} members dated',
  markRefused: 'These branches cannot be marked; nothing was changed:',
  pickDate: 'Pick a graduation date',
  pickBranches: 'Tick branches in the tree',
  editGraduationTime: 'Change graduation date',
  memberMarks: 'Mark members',
  branchCount: 'Branches',
  markedCount: 'Marked',
  mixedCount: 'Mixed',
  unmarkedCount: 'Unmarked',
  unmarked: 'Unmarked',
  normalBranch: 'Regular',
  mark: 'Mark',
  markNone: 'None',
  markDelayed: 'Delayed graduation',
  markTeacher: 'Teacher',
  markGraduateMobile: 'Graduate mobile member',
  markDelayedConfirm:
    'Marking "delayed graduation" moves the member into the school’s delayed-graduation org (an approved delayed-graduation transfer). Continue?',
  graduatesDue: 'Everyone has left these graduates orgs; delete them:',
  mixedOfMarked: 'of which mixed',
  makeMixed: 'Make mixed',
  makeRegular: 'Make regular',
  clearGraduationMark: 'Clear the mark',
  // A graduation date in a later year than the server's (issue 23 item 7)
  laterYearTitle: 'Check the graduation date',
  laterYearConfirm: 'The graduation date {dates} lies in a later year than this one ({year}). Make sure it is not a typo before saving.',
  laterYearKeep: 'Save anyway',
  backToEdit: 'Go back',
};

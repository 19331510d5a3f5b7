import { Module } from '@nestjs/common';
import { AutoReturnSweep } from './auto-return';
import { CalendarController, MemberFollowUpController, TransferFollowUpController } from './follow-up.controller';
import { TransferFollowUpService } from './follow-up';
import { MemberTransfersController } from './member-transfers.controller';
import { RemindersService } from './reminders.service';
import { TransferDecisionService } from './transfer-decision.service';
import { TransferDirectoryService } from './transfer-directory.service';
import { TransferExpiryService } from './transfer-expiry.service';
import { TransferInitiationService } from './transfer-initiation.service';
import { JobsController } from './transfer-jobs.controller';
import { TransferReadingService } from './transfer-reading.service';
import { TransfersController } from './transfers.controller';

const SERVICES = [TransferReadingService, TransferDirectoryService, TransferInitiationService, TransferDecisionService, TransferExpiryService, RemindersService, TransferFollowUpService];

@Module({
  controllers: [MemberFollowUpController, TransferFollowUpController, CalendarController, MemberTransfersController, TransfersController, JobsController],
  providers: [...SERVICES, AutoReturnSweep],
  exports: SERVICES,
})
export class TransfersModule {}

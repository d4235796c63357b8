-- AlterTable
ALTER TABLE "flow" ADD COLUMN     "rev_record_no" INTEGER;

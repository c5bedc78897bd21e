import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateNoteDto {
  @IsString()
  @MinLength(3, { message: 'title must be at least 3 characters long' })
  @MaxLength(120)
  title: string;

  @IsString()
  @MaxLength(10_000)
  body: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @IsString({ each: true })
  tags?: string[];

  @IsOptional()
  @IsBoolean()
  pinned?: boolean;
}

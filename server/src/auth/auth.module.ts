import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrgEntity } from '../orgs/org.entity';
import { UserEntity } from '../users/user.entity';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { JwtSecretService } from './jwt-secret.service';
import { LoginLimiter, LoginLimitGuard } from './login-limiter';
import { SettingEntity } from './setting.entity';

@Global()
@Module({
  imports: [JwtModule.register({}), TypeOrmModule.forFeature([UserEntity, OrgEntity, SettingEntity])],
  controllers: [AuthController],
  providers: [AuthService, JwtSecretService, LoginLimiter, LoginLimitGuard, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}

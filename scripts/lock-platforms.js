const fs=require('fs');const lock=JSON.parse(fs.readFileSync('package-lock.json','utf8'));
const P=lock.packages;const add=[];
const plat=(n)=>{const m=n.match(/(android|darwin|freebsd|linux|win32|openharmony|sunos|aix|netbsd|openbsd)[-_]?(arm64|x64|ia32|arm|ppc64|s390x|riscv64|loong64|mips64el)?/);return m?{os:[m[1]],cpu:m[2]?[m[2]]:undefined}:null};
for(const [k,v] of Object.entries(P)){ if(!v.optionalDependencies) continue; for(const [dep,ver] of Object.entries(v.optionalDependencies)){ const key='node_modules/'+dep; if(P[key]) continue; const pl=plat(dep); if(!pl) {console.error('no platform for',dep);continue;} const e={version:ver.replace(/^[\^~=]/,''),cpu:pl.cpu,os:pl.os,optional:true}; if(v.dev) e.dev=true; if(!e.cpu) delete e.cpu; P[key]=e; add.push(key);} }
fs.writeFileSync('package-lock.json',JSON.stringify(lock,null,2)+'\n');console.log('added',add.length);
